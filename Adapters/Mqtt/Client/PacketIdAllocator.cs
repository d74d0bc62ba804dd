namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Hands out packet identifiers 1-65535 that are not in use (MQTT 5.0 section 2.2.1), round-robin so that a freed id is not reused at once.</summary>
internal sealed class PacketIdAllocator
{
    private readonly bool[] _inUse = new bool[65536];
    private readonly Lock _lock = new();
    private ushort _next;
    private int _count;

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Returns a free identifier, or 0 when all 65,535 are in use.</summary>
    public ushort Allocate()
    {
        lock (_lock)
        {
            if (_count == 65535)
            {
                return 0;
            }

            while (true)
            {
                _next = _next == ushort.MaxValue ? (ushort)1 : (ushort)(_next + 1);
                if (!_inUse[_next])
                {
                    _inUse[_next] = true;
                    _count++;
                    return _next;
                }
            }
        }
    }

    /// <summary>Marks <paramref name="id"/> in use (restored session state); false if it already was.</summary>
    public bool Reserve(ushort id)
    {
        lock (_lock)
        {
            if (id == 0 || _inUse[id])
            {
                return false;
            }

            _inUse[id] = true;
            _count++;
            return true;
        }
    }

    public void Release(ushort id)
    {
        lock (_lock)
        {
            if (id != 0 && _inUse[id])
            {
                _inUse[id] = false;
                _count--;
            }
        }
    }
}
