using IntegrationHub.Hub.Host.Labels;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// <c>hub equipment labels --customer C001 --base-url https://service.example.com [--to labels.pdf|labels.png]</c>: a
/// printable sheet of stickers, one per machine of the customer, each a QR code of the machine's portal page with the
/// asset id and model printed under it (issue 24 item 1).
/// </summary>
internal static class EquipmentCommands
{
    public static async Task<int> LabelsAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken cancellationToken)
    {
        var customer = args.Option("customer")?.Trim();
        if (string.IsNullOrEmpty(customer))
        {
            throw new CommandLineException("Name the customer whose machines get labels: --customer C001.");
        }

        // The address customers reach the portal at, as printed: the hub cannot know it (it may listen on loopback behind a proxy).
        if (args.Option("base-url") is not { } baseText
            || !Uri.TryCreate(baseText, UriKind.Absolute, out var baseUrl)
            || baseUrl.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new CommandLineException("Give the portal's address as customers reach it, without query or fragment: --base-url https://service.example.com.");
        }

        var to = args.Option("to") ?? $"labels-{customer}.pdf";
        var extension = Path.GetExtension(to).ToLowerInvariant();
        if (extension is not (".pdf" or ".png"))
        {
            throw new CommandLineException($"--to '{to}' must end in .pdf or .png.");
        }

        var store = services.GetRequiredService<IHubStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var machines = await store.ListEquipmentAsync(customer, cancellationToken).ConfigureAwait(false);
        if (machines.Count == 0)
        {
            await console.Error.WriteLineAsync($"Customer {customer} has no installed equipment in the store; no sheet was written.").ConfigureAwait(false);
            return HubCommandLine.ExitFailed;
        }

        IReadOnlyList<(MachineLabel Label, QrCode Code)> labels;
        try
        {
            labels = LabelSheet.Encode(machines.OrderBy(m => m.AssetId, StringComparer.Ordinal)
                .Select(m => new MachineLabel(m.AssetId, m.Model, MachineLabel.LinkOf(baseUrl, m.AssetId))));
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException($"A machine's link does not fit in a label's QR code: {e.Message} Use a shorter --base-url.");
        }

        var bytes = extension == ".png" ? LabelPngWriter.Write(labels) : LabelPdfWriter.Write(labels);
        // CreateNew: a sheet that is there already (or a link planted in its place) is never overwritten.
        try
        {
            await using var file = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (File.Exists(to) || Directory.Exists(to) || new FileInfo(to).LinkTarget is not null)
        {
            throw new CommandLineException($"{to} exists already; choose another --to or remove it first. ({e.Message})");
        }

        await console.Out.WriteLineAsync($"{labels.Count} label(s) of customer {customer} written to {Path.GetFullPath(to)}.").ConfigureAwait(false);
        return HubCommandLine.ExitOk;
    }
}
