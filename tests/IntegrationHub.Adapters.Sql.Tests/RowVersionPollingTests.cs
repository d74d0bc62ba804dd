using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>
/// A source polled by rowversion through a real database: SQLite stands in for SQL Server (none runs here), with the
/// rowversion in an 8-byte BLOB column, which SQLite compares byte by byte as SQL Server compares rowversions.
/// </summary>
public sealed class RowVersionPollingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-rowversion-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _db;

    public RowVersionPollingTests()
    {
        Directory.CreateDirectory(_folder);
        _db = "Data Source=" + Path.Combine(_folder, "u8.db");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Poll_ReadsInRowVersionOrder_StoresTheHexWatermark_AndNextPollReadsOnlyNewerRows()
    {
        await ExecuteAsync("""
            CREATE TABLE DispatchList (cDLCode TEXT PRIMARY KEY, cCusCode TEXT, ufts BLOB NOT NULL);
            INSERT INTO DispatchList VALUES
              ('FH001', 'C01', x'00000000000007D1'),
              ('FH002', 'C02', x'7FFFFFFFFFFFFFFF'),
              ('FH003', 'C03', x'8000000000000000');
            """);
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(overlap: 0), sink);

        Assert.Equal(3, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(["FH001", "FH002", "FH003"], sink.Keys("cDLCode"));
        Assert.Equal("0x8000000000000000", poller.WatermarkText);
        Assert.Equal("0x8000000000000000", sink.Batches[^1].Watermark);
        Assert.Equal("u8-dispatch:FH001@0x00000000000007D1", sink.Batches[0].Records[0].Reference);

        // A row changed after the poll gets a higher rowversion; the one at the watermark is the overlap, dropped as seen.
        await ExecuteAsync("UPDATE DispatchList SET cCusCode = 'C09', ufts = x'FFFFFFFFFFFFFFFF' WHERE cDLCode = 'FH001'");

        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal("C09", sink.Batches[^1].Records.Single().Fields["cCusCode"]);
        Assert.Equal("0xFFFFFFFFFFFFFFFF", poller.WatermarkText);
        Assert.Equal(unchecked((long)ulong.MaxValue), poller.GetStatus().Counts["watermarkVersion"]);
    }

    [Fact]
    public async Task FirstPoll_StartsAtStart_MinusTheOverlap()
    {
        await ExecuteAsync("""
            CREATE TABLE DispatchList (cDLCode TEXT PRIMARY KEY, cCusCode TEXT, ufts BLOB NOT NULL);
            INSERT INTO DispatchList VALUES
              ('FH001', 'C01', x'0000000000000063'), ('FH002', 'C02', x'0000000000000064'), ('FH003', 'C03', x'00000000000000C8');
            """);
        var sink = new RecordingSqlSink();

        // Start 0x96 (150) less an overlap of 50 versions is 0x64 (100): the row just below is not read.
        Assert.Equal(2, await Poller(Source(overlap: 50) with { Start = "0x96" }, sink).PollOnceAsync(CancellationToken.None));
        Assert.Equal(["FH002", "FH003"], sink.Keys("cDLCode"));
    }

    [Theory]
    [InlineData("x'00000000000007'", "holds 7 bytes")]
    [InlineData("x'000000000000000001'", "holds 9 bytes")]
    [InlineData("'0x00000000000007D1'", "holds String")]
    [InlineData("2001", "holds Int64")]
    public async Task Poll_OfAColumnThatIsNotARowVersion_FailsNamingSourceAndColumn_AndStoresNothing(string value, string found)
    {
        await ExecuteAsync($"""
            CREATE TABLE DispatchList (cDLCode TEXT PRIMARY KEY, cCusCode TEXT, ufts);
            INSERT INTO DispatchList VALUES ('FH001', 'C01', {value});
            """);
        var sink = new RecordingSqlSink();

        // The query takes every row, as a view whose column is of another type would: SQLite orders text and numbers
        // below any BLOB, so a comparison with @watermark would hide most of them.
        var source = Source(overlap: 0) with { Query = "SELECT cDLCode, cCusCode, ufts FROM DispatchList WHERE @watermark IS NOT NULL ORDER BY cDLCode" };
        var error = await Assert.ThrowsAsync<FormatException>(() => Poller(source, sink).PollOnceAsync(CancellationToken.None).AsTask());

        Assert.Contains("SQL source u8-dispatch: the watermark column ufts", error.Message, StringComparison.Ordinal);
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Batches);
    }

    [Fact]
    public async Task StoredWatermarkOfAnotherKind_IsAClearError_NotAReset()
    {
        await ExecuteAsync("""
            CREATE TABLE DispatchList (cDLCode TEXT PRIMARY KEY, cCusCode TEXT, version INTEGER NOT NULL, ufts BLOB NOT NULL);
            INSERT INTO DispatchList VALUES ('FH001', 'C01', 2001, x'00000000000007D1');
            """);
        var sink = new RecordingSqlSink();
        var byVersion = Source(overlap: 0) with
        {
            Query = "SELECT cDLCode, cCusCode, version FROM DispatchList WHERE version >= @watermark ORDER BY version",
            WatermarkColumn = "version",
            WatermarkKind = WatermarkKind.Version,
        };
        Assert.Equal(1, await Poller(byVersion, sink).PollOnceAsync(CancellationToken.None));
        Assert.Equal("2001", await sink.LoadWatermarkAsync("u8-dispatch", CancellationToken.None));

        // The site switches the source to its rowversion column: the stored "2001" is not read as a rowversion.
        var error = await Assert.ThrowsAsync<FormatException>(() => Poller(Source(overlap: 0), sink).PollOnceAsync(CancellationToken.None).AsTask());

        Assert.Contains("The stored watermark of SQL source u8-dispatch is '2001'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a RowVersion watermark", error.Message, StringComparison.Ordinal);
        Assert.Contains("poll_watermarks", error.Message, StringComparison.Ordinal);
        Assert.Single(sink.Batches);
        Assert.Equal("2001", await sink.LoadWatermarkAsync("u8-dispatch", CancellationToken.None));
    }

    private static SqlSourcePoller Poller(SqlSourceOptions source, RecordingSqlSink sink) =>
        new(source, Microsoft.Data.Sqlite.SqliteFactory.Instance, sink, TimeProvider.System, NullLogger.Instance);

    private SqlSourceOptions Source(long overlap) => new()
    {
        Name = "u8-dispatch",
        Provider = SqlProviders.Sqlite,
        ConnectionString = _db,
        Query = "SELECT cDLCode, cCusCode, ufts FROM DispatchList WHERE ufts >= @watermark ORDER BY ufts, cDLCode",
        KeyColumn = "cDLCode",
        WatermarkColumn = "ufts",
        WatermarkKind = WatermarkKind.RowVersion,
        Overlap = overlap,
    };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
