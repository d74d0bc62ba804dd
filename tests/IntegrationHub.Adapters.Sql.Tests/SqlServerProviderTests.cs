using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Tests.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>
/// SQL Server shipped (issue 21 item 1): the provider resolves without a plugin, and a server that cannot be reached
/// is a clear, retried error naming the source and never the password. No SQL Server runs here: nothing is read.
/// </summary>
public sealed class SqlServerProviderTests : IDisposable
{
    private const string Password = "K3-s3cret-Pa55word!";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-sqlserver-" + Guid.NewGuid().ToString("N")[..12]);

    public SqlServerProviderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(SqlProviders.SqlServer)]
    [InlineData(SqlProviders.SqlClient)]
    public void SqlServer_ResolvesWithoutAPlugin(string provider)
    {
        Assert.Empty(SqlProviders.Register(new SqlOptions(), _folder));

        Assert.Same(SqlClientFactory.Instance, SqlProviders.Resolve(provider, _folder));
    }

    [Theory]
    [InlineData("Microsoft.Data.SqlClient")]
    [InlineData("sqlserver")]
    [InlineData("Npgsql")]
    public void Plugin_NamedLikeAShippedProvider_IsAnError_AndTheShippedOneStays(string name)
    {
        var options = new SqlOptions
        {
            Providers = [new SqlProviderPlugin { InvariantName = name, Assembly = "Microsoft.Data.SqlClient.dll", FactoryType = "Microsoft.Data.SqlClient.SqlClientFactory" }],
        };

        var error = Assert.Single(SqlProviders.Register(options, _folder));

        Assert.Contains("Hub:Sql:Providers:0", error, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error, StringComparison.Ordinal);
        Assert.Contains("\"Provider\": \"SqlServer\"", error, StringComparison.Ordinal);
        Assert.Same(SqlClientFactory.Instance, SqlProviders.Resolve(SqlProviders.SqlServer, _folder));
    }

    [Fact]
    public async Task UnreachableServer_IsAnErrorNamingSourceAndServer_NeverThePassword()
    {
        var poller = Poller(ClosedPort(), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<SqlSourceUnreachableException>(() => poller.PollOnceAsync(CancellationToken.None).AsTask());

        Assert.Contains("SQL source k3-sales-orders (SqlServer) cannot connect to 'tcp:127.0.0.1,", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqlException>(error.InnerException);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_IsRetried_LoggedAndShownOnHealth_WithoutThePassword()
    {
        var logger = new ListLogger();
        var poller = Poller(ClosedPort(), logger);
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);

        // Hang guard only: each attempt ends within the 2 s Connect Timeout; the retries start 50 ms apart.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (logger.Entries.Count(e => e.EventId == 1302) < 2)
        {
            await Task.Delay(50, guard.Token);
        }

        await stop.CancelAsync();
        await running;

        var failed = logger.Entries.First(e => e.EventId == 1302).Message;
        Assert.Contains("SQL source k3-sales-orders failed", failed, StringComparison.Ordinal);
        Assert.Contains("cannot connect to 'tcp:127.0.0.1,", failed, StringComparison.Ordinal);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(Password, e.Message, StringComparison.Ordinal));
        var status = poller.GetStatus();
        Assert.Equal(AdapterState.Stopped, status.State);
        Assert.Contains("k3-sales-orders", status.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, status.LastError, StringComparison.Ordinal);
        Assert.True(status.Counts["failures"] >= 2);
    }

    [Fact]
    public async Task UnreachableServer_InTheDeletedRowCheck_IsTheSameError()
    {
        var poller = Poller(ClosedPort(), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<SqlSourceUnreachableException>(() => poller.DetectDeletedAsync(CancellationToken.None));

        Assert.Contains("SQL source k3-sales-orders", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    // A loopback port nothing listens on: the OS gave it to a listener that is closed again at once.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private SqlSourcePoller Poller(int port, Microsoft.Extensions.Logging.ILogger logger)
    {
        Assert.Empty(SqlProviders.Register(new SqlOptions(), _folder));
        var source = new SqlSourceOptions
        {
            Name = "k3-sales-orders",
            Provider = SqlProviders.SqlServer,
            ConnectionString = $"Server=tcp:127.0.0.1,{port};Database=AIS20260101;User ID=hub_reader;Password={Password};Connect Timeout=2;Encrypt=false",
            Query = "SELECT line_key, FBillNo, row_version FROM hub_k3_sales_orders WHERE row_version >= @watermark ORDER BY row_version, line_key",
            KeyColumn = "line_key",
            WatermarkColumn = "row_version",
            WatermarkKind = WatermarkKind.RowVersion,
            KeysQuery = "SELECT line_key FROM hub_k3_sales_orders",
        };
        return new SqlSourcePoller(
            source, SqlProviders.Resolve(source.Provider, _folder), new RecordingSqlSink(), TimeProvider.System, logger,
            TimeSpan.FromMilliseconds(50));
    }
}
