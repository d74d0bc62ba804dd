using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One partition of the rules stage's machines (issue 18 item 2): partition <see cref="Index"/> of
/// <see cref="Count"/>. A machine belongs to one partition for as long as the count stays the same, so one node at a
/// time evaluates its readings, in the order they were queued.
/// </summary>
/// <remarks>
/// A machine's place is a slot, 0 to <see cref="Slots"/> - 1, from a hash of its asset id that every process and the
/// database compute alike (not <see cref="string.GetHashCode()"/>, which .NET randomises per process): the first four
/// bytes of the MD5 of the id's UTF-8, big-endian, modulo 1024. PostgreSQL keeps the slot of each queued reading in a
/// generated column (<c>rule_inputs.slot</c>, md5 being IMMUTABLE there) with an index, so that a partition reads its
/// own readings by a range of slots; SQLite computes it with a function the rules' unit of work registers. Partition
/// <c>p</c> of <c>P</c> owns the slots <c>[p * 1024 / P, (p + 1) * 1024 / P)</c>: any count from 1 to 1024 works on
/// the same stored slots. MD5 is no security here, only a spread both sides know.
/// </remarks>
internal readonly record struct RulePartition
{
    /// <summary>The number of slots machines hash to; partitions are ranges of them, so at most this many partitions.</summary>
    public const int Slots = 1024;

    /// <summary>The SQL (PostgreSQL) of a machine's slot, for a column <paramref name="column"/> that holds the asset id.</summary>
    public static string PostgreSqlSlot(string column) => $"((('x' || substr(md5({column}), 1, 8))::bit(32)::bigint % {Slots})::integer)";

    /// <summary>The name of the SQLite function of a machine's slot, registered by the rules' unit of work.</summary>
    public const string SqliteSlotFunction = "hub_rules_slot";

    public RulePartition(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Slots);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The partition's number, from 0.</summary>
    public int Index { get; }

    /// <summary>How many partitions there are (<c>Hub:Rules:Partitions</c>).</summary>
    public int Count { get; }

    /// <summary>The first slot of this partition.</summary>
    public int FirstSlot => (int)((long)Index * Slots / Count);

    /// <summary>The slot after this partition's last.</summary>
    public int EndSlot => (int)((long)(Index + 1) * Slots / Count);

    /// <summary>The 32-bit hash of an asset id: the first four bytes of the MD5 of its UTF-8, big-endian.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Not security: a spread of machine ids that PostgreSQL computes natively (md5 is IMMUTABLE, so a generated column can keep it).")]
    public static uint Hash(string assetId)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(Encoding.UTF8.GetBytes(assetId), digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>The machine's slot, 0 to <see cref="Slots"/> - 1.</summary>
    public static int SlotOf(string assetId) => (int)(Hash(assetId) % Slots);

    /// <summary>The partition, of <paramref name="count"/>, that evaluates the machine's readings.</summary>
    public static RulePartition Of(string assetId, int count) => OfSlot(SlotOf(assetId), count);

    /// <summary>The partition, of <paramref name="count"/>, that owns the slot.</summary>
    /// <remarks>The largest p whose first slot, floor(p * 1024 / P), is at most the slot: p * 1024 &lt; (slot + 1) * P.</remarks>
    public static RulePartition OfSlot(int slot, int count) => new((int)((((long)slot + 1) * count - 1) / Slots), count);

    /// <summary>Whether the machine is one of this partition's.</summary>
    public bool Owns(string assetId) => SlotOf(assetId) is var slot && slot >= FirstSlot && slot < EndSlot;

    public override string ToString() => $"{Index}/{Count}";
}
