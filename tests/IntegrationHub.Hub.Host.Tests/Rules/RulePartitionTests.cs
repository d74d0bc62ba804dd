using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// The machine hash that spreads rule evaluation over partitions (issue 18 item 2): stable across processes and equal to
/// what PostgreSQL computes for the queue's slot column (PostgreSqlRulePartitionsTests checks the database's side), every
/// slot in exactly one partition for any count, and an even spread.
/// </summary>
public sealed class RulePartitionTests
{
    // Pinned: the first four bytes of MD5(UTF-8), big-endian, as PostgreSQL 15 gave them for
    // ('x' || substr(md5(id), 1, 8))::bit(32)::bigint. A change here moves machines between partitions on a live site.
    [Theory]
    [InlineData("EQ-1", 361880732u, 156)]
    [InlineData("machine-042", 957170252u, 588)]
    [InlineData("", 3558706393u, 217)]
    [InlineData("机器-7", 1280477250u, 66)]
    public void Hash_PinnedValues_SameInEveryProcess(string assetId, uint hash, int slot)
    {
        Assert.Equal(hash, RulePartition.Hash(assetId));
        Assert.Equal(slot, RulePartition.SlotOf(assetId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(1024)]
    public void OfSlot_EverySlotInExactlyOnePartition_TheRangesTileTheSlots(int count)
    {
        var end = 0;
        for (var index = 0; index < count; index++)
        {
            var partition = new RulePartition(index, count);
            Assert.Equal(end, partition.FirstSlot);
            Assert.True(partition.EndSlot > partition.FirstSlot, $"partition {partition} is empty");
            end = partition.EndSlot;
        }

        Assert.Equal(RulePartition.Slots, end);
        for (var slot = 0; slot < RulePartition.Slots; slot++)
        {
            var partition = RulePartition.OfSlot(slot, count);
            Assert.InRange(slot, partition.FirstSlot, partition.EndSlot - 1);
        }
    }

    [Fact]
    public void Of_AThousandMachines_SpreadOverSixteenPartitions_NoneEmptyNoneDouble()
    {
        var counts = new int[16];
        for (var i = 1; i <= 1000; i++)
        {
            var asset = $"EQ-{i}";
            var partition = RulePartition.Of(asset, 16);
            Assert.True(partition.Owns(asset));
            counts[partition.Index]++;
        }

        // 62.5 each on average; a hash this size keeps every partition within half of that either way.
        Assert.All(counts, c => Assert.InRange(c, 31, 94));
        Assert.Equal(1000, counts.Sum());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 16)]
    [InlineData(16, 16)]
    [InlineData(0, 1025)]
    public void Constructor_OutOfRange_Refused(int index, int count) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new RulePartition(index, count));
}
