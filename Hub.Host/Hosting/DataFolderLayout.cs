using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The data folder's layout made on a first start (issue 19 item 4): the folders IT fills (mappings, alarm rules,
/// notification templates), each with a README.md of what goes there, instead of a refusal because mappings/ is missing.
/// </summary>
/// <remarks>
/// Only a folder that does not exist is made, and its README written; nothing that exists is touched. The inbox gets
/// no README: every file in it is taken for an export (one that matches no mapping is moved to failed/); the data
/// folder's own README.md, written when the data folder itself is new, describes it.
/// </remarks>
internal static class DataFolderLayout
{
    /// <summary>Makes the missing folders; returns the ones made, for the log.</summary>
    public static IReadOnlyList<string> Prepare(HubOptions options, FileDropOptions files)
    {
        var made = new List<string>();
        var dataFolder = Path.GetFullPath(options.DataFolder);
        var newDataFolder = !Directory.Exists(dataFolder) || !Directory.EnumerateFileSystemEntries(dataFolder).Any();
        PrivatePaths.CreateFolder(dataFolder);
        if (newDataFolder)
        {
            Write(Path.Combine(dataFolder, "README.md"), DataFolderReadme(options, files));
        }

        Make(options.Resolve(options.MappingsFolder), MappingsReadme, made);
        Make(options.Resolve(options.Rules.Folder), RulesReadme, made);
        Make(options.Resolve(options.Notifications.TemplatesFolder), NotificationsReadme, made);
        return made;
    }

    private static void Make(string folder, string readme, List<string> made)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        PrivatePaths.CreateFolder(folder);
        Write(Path.Combine(folder, "README.md"), readme);
        made.Add(folder);
    }

    private static void Write(string path, string text)
    {
        // CreateNew: a README someone wrote meanwhile is theirs.
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    private static string DataFolderReadme(HubOptions options, FileDropOptions files) => $"""
        # The hub's data folder

        - `hub.db`: the store on SQLite (the default; `hub backup --to FILE` copies it while the hub runs).
        - `{options.MappingsFolder}/`: one YAML mapping per source: how a file, table or message becomes customers,
          orders, shipments, stock, work orders or readings. `hub mappings check` validates them.
        - `{options.Rules.Folder}/`: alarm rules (YAML): when a machine's readings open a service ticket.
        - `{options.Notifications.TemplatesFolder}/`: the templates of the mails and messages sent to customers and the desk.
        - `{files.Inbox}/`: drop ERP/WMS/MES exports here (CSV, Excel); each is imported by the mapping whose
          `file.match` pattern its name matches, then moved to `{files.Processed}/`, or to `{files.Failed}/`
          with a report of its errors. Write a file under another name and rename it when complete.

        """;

    private const string MappingsReadme = """
        # Mappings

        One YAML file per source (an ERP export, a database table, an MQTT topic, the MES): which columns or fields
        become which fields of the hub's records (Customer, SalesOrder, SalesOrderLine, Shipment, StockLevel, WorkOrder,
        InstalledEquipment, TelemetryReading), with formats, value maps and the source's time zone. The hub reads them at
        start and refuses to start on an invalid one; `hub mappings check` validates them and
        `hub mappings test MAPPING.yaml SAMPLE.csv` shows what a mapping makes of a sample. Examples: the repository's
        deploy/demo/mappings.

        """;

    private const string RulesReadme = """
        # Alarm rules

        YAML files of rules on machine readings (a limit crossed for a time, a value that stops changing): a rule that
        fires opens one service ticket per machine and alarm code and notifies the customer and the desk. With no file
        here the rules stage stays idle. `hub rules check` validates them. Examples: the repository's deploy/demo/rules.

        """;

    private const string NotificationsReadme = """
        # Notification templates

        Handlebars templates (`*.hbs`) of the messages the hub sends when a channel is configured under
        `Hub:Notifications`, one file per event, audience and language: `<event>.<audience>.<language>.hbs`, for example
        `ticket-opened.customer.zh-CN.hbs`; a language without its own file falls back to `.en.hbs`. The hub refuses to
        start when a configured audience has no template for one of its events. Examples: the repository's
        deploy/demo/notifications.

        """;
}
