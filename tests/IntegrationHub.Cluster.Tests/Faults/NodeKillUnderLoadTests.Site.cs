using System.Globalization;
using System.Text;
using IntegrationHub.Cluster.Tests.Support;
using IntegrationHub.Tests.Common.Hub;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.OpcUa;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;
using Npgsql;

namespace IntegrationHub.Cluster.Tests.Faults;

/// <summary>The site the nodes run in: the ERP database, the nodes' settings and data folders.</summary>
public sealed partial class NodeKillUnderLoadTests
{
    private const string CustomersSource = "erp-db-customers";
    private const string EquipmentSource = "erp-db-equipment";
    private const string Ns = MesOpcUaServer.NamespaceUri;

    /// <summary>
    /// The work that must run on one node (issue 18 item 1): the MES subscription, both pollers, the rules stage with
    /// its SLA ticks, the file-drop inbox and retention.
    /// </summary>
    /// <summary>The leases of work that runs on one node: the MES subscription, the pollers, SLA escalation, the inbox, retention.</summary>
    private static readonly string[] OneNodeWork = ["mes", "sql:" + CustomersSource, "sql:" + EquipmentSource, "rules/sla", "files", "retention"];

    /// <summary>The rules partitions (issue 18 item 2, the default Hub:Rules:Partitions of 16): shared among live nodes.</summary>
    private static readonly string[] RulePartitions = [.. Enumerable.Range(0, 16).Select(p => "rules/p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // The installed base the equipment poller reads: one machine per customer, so each alarm also mails its customer.
    private const string EquipmentMapping = """
        # The ERP's installed base, polled from its database (the cluster fault test's own table).
        source: erp-db-equipment
        target: InstalledEquipment
        description: Installed equipment (database polling)
        timestamp: { column: updated_at }
        fields:
          AssetId:      { column: asset_id }
          CustomerCode: { column: customer_code }
          Model:        { column: model }
          Site:         { column: site }
        """;

    // One rule, the demo's overheat rule: the demo's no-data rule would open OFFLINE tickets for machines that go quiet
    // after the stream, which this test does not count.
    private const string Rules = """
        rules:
          - id: spindle-overheat
            kind: threshold
            asset: "*"
            metric: temperature
            direction: high
            limit: 85
            deadband: 5
            raiseAfter: 00:00:10
            clearAfter: 00:00:30
            code: OVERHEAT
            severity: major
            skill: spindle
            text: { en: "spindle overheating", zh-CN: "主轴温度过高" }
        """;

    /// <summary>The ERP database: the simulator's schema, an installed-equipment table, <paramref name="machines"/> customers with a machine each.</summary>
    private static async Task<string> ErpAsync(PostgresServer postgres, int machines, CancellationToken cancellationToken)
    {
        var erp = await postgres.CreateDatabaseAsync("erp", cancellationToken);
        var simulator = Path.Combine(RepositoryPaths.Root, "deploy", "simulator", "erp-db");
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(simulator, "schema.sql"), cancellationToken), cancellationToken);
        var sql = new StringBuilder("""
            CREATE TABLE installed_equipment (
                asset_id      TEXT        NOT NULL PRIMARY KEY,
                customer_code TEXT        NOT NULL REFERENCES customers (customer_code),
                model         TEXT        NOT NULL,
                site          TEXT        NULL,
                updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            """);
        for (var m = 1; m <= machines; m++)
        {
            var customer = StormPublisher.Customer(m);
            sql.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO customers (customer_code, name, tier, region, email, language) VALUES ('{customer}', 'Storm customer {m}', 'Standard', '华东', 'service.{customer.ToLowerInvariant()}@customer.test', 'en');\n");
            sql.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO installed_equipment (asset_id, customer_code, model, site) VALUES ('{StormPublisher.Asset(m)}', '{customer}', 'PK-200', 'Suzhou');\n");
        }

        await PostgresServer.ExecuteAsync(erp, sql.ToString(), cancellationToken);
        return erp;
    }

    /// <summary>A node's data folder: the demo mappings with the two ERP-database ones, the rule, the demo's templates.</summary>
    private static string DataFolder(string node)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"hub-cluster-{node}-{Guid.NewGuid():N}");
        var mappings = Directory.CreateDirectory(Path.Combine(folder, "mappings")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "deploy", "demo", "mappings"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(mappings, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(RepositoryPaths.Root, "deploy", "simulator", "erp-db", "mappings", CustomersSource + ".yaml"), Path.Combine(mappings, CustomersSource + ".yaml"));
        File.WriteAllText(Path.Combine(mappings, EquipmentSource + ".yaml"), EquipmentMapping);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "rules")).FullName, "storm.yaml"), Rules);
        var notifications = Directory.CreateDirectory(Path.Combine(folder, "notifications")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "deploy", "demo", "notifications")))
        {
            File.Copy(file, Path.Combine(notifications, Path.GetFileName(file)));
        }

        return folder;
    }

    /// <summary>
    /// A node as a site runs it: store, passwords in the environment; both pollers, the MES, MQTT with the shared
    /// group, the rules, mail through the SMTP server; nginx trusted as the proxy. Leases at their defaults (6 s / 2 s
    /// / 2 s), so that the measured take-over time is the one a site gets.
    /// </summary>
    private static HubNodeProcess Node(
        string node, string hubDatabase, string erp, MosquittoBroker broker, SmtpTestServer smtp, MesOpcUaServer mes)
    {
        string[] settings =
        [
            "--Hub:Web:TrustedProxies:0=127.0.0.1",
            "--Hub:Mqtt:Enabled=true", $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Mqtt:ClientId=hub-{node}",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry", "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array", "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
            "--Hub:Mqtt:Subscriptions:0:SharedGroup=hubs",
            "--Hub:Rules:TickInterval=00:00:00.500",
            "--Hub:Notifications:Channels:mail:Kind=smtp", "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
            $"--Hub:Notifications:Channels:mail:Port={smtp.Port}", $"--Hub:Notifications:Channels:mail:CaFile={smtp.Certificates!.CaFile}",
            $"--Hub:Notifications:Channels:mail:UserName={smtp.UserName}", "--Hub:Notifications:Channels:mail:From=service@hub.test",
            "--Hub:Notifications:Customer:Channel=mail", "--Hub:Notifications:Desk:Channel=mail",
            "--Hub:Notifications:Desk:Recipients:0=desk@hub.test", "--Hub:Notifications:QualityLead:Channel=mail",
            "--Hub:Notifications:QualityLead:Recipients:0=quality@hub.test",
            // The shortest claim allowed: the killed node's claimed messages go to the other node 30 s after the kill.
            "--Hub:Notifications:ClaimDuration=00:00:30",
            .. Poller(0, CustomersSource, erp, "customers", "customer_code"),
            .. Poller(1, EquipmentSource, erp, "installed_equipment", "asset_id"),
            "--Hub:Mes:Enabled=true", $"--Hub:Mes:EndpointUrl={mes.EndpointUrl}", "--Hub:Mes:SecurityMode=None",
            "--Hub:Mes:PublishingInterval=00:00:00.200", "--Hub:Mes:SamplingInterval=00:00:00.100",
            "--Hub:Mes:WorkOrders:0:Line=Line1",
            $"--Hub:Mes:WorkOrders:0:Fields:WorkOrderNumber=nsu={Ns};s=Line1.CurrentWorkOrder.WorkOrderNumber",
            $"--Hub:Mes:WorkOrders:0:Fields:SalesOrderNumber=nsu={Ns};s=Line1.CurrentWorkOrder.SalesOrderNumber",
            $"--Hub:Mes:WorkOrders:0:Fields:QuantityPlanned=nsu={Ns};s=Line1.CurrentWorkOrder.QuantityPlanned",
            $"--Hub:Mes:WorkOrders:0:Fields:QuantityDone=nsu={Ns};s=Line1.CurrentWorkOrder.QuantityDone",
            $"--Hub:Mes:WorkOrders:0:Fields:State=path={Ns}|MES/Line1/CurrentWorkOrder/State",
            "--Hub:Mes:Machines:0:AssetId=EQ-MES-01",
            $"--Hub:Mes:Machines:0:Metrics:speed:Node=nsu={Ns};s=Line1.Machine1.Speed",
            "--Hub:Mes:Machines:0:Metrics:speed:Unit=m/min",
        ];
        var environment = new Dictionary<string, string>
        {
            ["Hub__Store__Provider"] = "postgresql",
            ["Hub__Store__ConnectionString"] = hubDatabase,
            ["Hub__Notifications__Channels__mail__Password"] = smtp.Password,
        };
        return new HubNodeProcess(Path.Combine(AppContext.BaseDirectory, "hub.dll"), node, DataFolder(node), settings, environment);
    }

    private static string[] Poller(int index, string source, string erp, string table, string key) =>
    [
        $"--Hub:Sql:Sources:{index}:Name={source}",
        $"--Hub:Sql:Sources:{index}:Provider=Npgsql",
        $"--Hub:Sql:Sources:{index}:ConnectionString={erp}",
        $"--Hub:Sql:Sources:{index}:Query=SELECT * FROM {table} WHERE updated_at >= @watermark ORDER BY updated_at, {key}",
        $"--Hub:Sql:Sources:{index}:KeyColumn={key}",
        $"--Hub:Sql:Sources:{index}:WatermarkColumn=updated_at",
        $"--Hub:Sql:Sources:{index}:WatermarkKind=Timestamp",
        $"--Hub:Sql:Sources:{index}:Interval=00:00:00.500",
    ];

    /// <summary>The hub's database on the test's PostgreSQL, pooled as a site's hub runs.</summary>
    private static async Task<string> HubDatabaseAsync(PostgresServer postgres, CancellationToken cancellationToken) =>
        new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("hub", cancellationToken)) { Pooling = true }.ToString();
}
