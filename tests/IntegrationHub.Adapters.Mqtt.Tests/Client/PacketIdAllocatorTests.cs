using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

public sealed class PacketIdAllocatorTests
{
    [Fact]
    public void Allocate_AllIdentifiers_NeverZeroNeverTwiceThenExhausted()
    {
        var allocator = new PacketIdAllocator();
        var seen = new HashSet<ushort>();
        for (int i = 0; i < 65535; i++)
        {
            ushort id = allocator.Allocate();
            Assert.NotEqual(0, id);
            Assert.True(seen.Add(id), $"id {id} handed out twice");
        }

        Assert.Equal(0, allocator.Allocate());
        allocator.Release(4242);
        Assert.Equal(4242, allocator.Allocate());
    }

    [Fact]
    public void Allocate_AfterRelease_DoesNotReuseAtOnce()
    {
        var allocator = new PacketIdAllocator();
        ushort first = allocator.Allocate();
        allocator.Release(first);
        Assert.NotEqual(first, allocator.Allocate());
        Assert.Equal(1, allocator.InUse);
    }
}
