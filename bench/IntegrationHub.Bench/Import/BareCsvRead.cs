using System.Diagnostics;
using System.Text;
using CsvHelper;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// The floor for an import: CsvHelper alone reading the export, decoding GB18030 and turning every field into a
/// string, as the hub's reader does (Adapters/Files/Csv/CsvFileReader.cs), with nothing mapped or stored.
/// </summary>
internal static class BareCsvRead
{
    public static async Task<TaskMeasurement> RunAsync(string path, CancellationToken cancellationToken)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = Encoding.GetEncoding("GB18030");
        var options = new CsvReaderOptions { Separator = ',', HasHeader = true, SkipEmptyLines = true, TrackLineNumbers = true };

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        long rows = 0, characters = 0;
        using (var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true))
        using (var csv = CsvReader.Create(text, options, leaveOpen: false))
        {
            while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var field in csv.Current.ToArray())
                {
                    characters += field.Length;
                }

                rows++;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        // The character count keeps the loop honest: the fields are really read.
        return new TaskMeasurement("bare-csv", rows, seconds, PeakMemory.OfThisProcessMiB(), $"{characters} characters", cpuSeconds);
    }
}
