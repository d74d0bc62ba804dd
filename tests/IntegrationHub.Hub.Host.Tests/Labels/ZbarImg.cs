using System.Diagnostics;

namespace IntegrationHub.Hub.Host.Tests.Labels;

/// <summary>Debian's zbarimg (zbar-tools, installed by deploy/install-deps.sh): a real QR decoder to read our codes back.</summary>
internal static class ZbarImg
{
    public const string Path = "/usr/bin/zbarimg";

    /// <summary>Every symbol's data zbarimg finds in <paramref name="image"/>, one per line as it prints them.</summary>
    public static async Task<IReadOnlyList<string>> DecodeAsync(byte[] image, string extension = ".png")
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run deploy/install-deps.sh (package zbar-tools).");
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"labels-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(file, image);
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"zbarimg found no QR code (exit {process.ExitCode}): {await error}");
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
