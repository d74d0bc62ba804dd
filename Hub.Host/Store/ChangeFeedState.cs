namespace IntegrationHub.Hub.Host.Store;

/// <summary>Where the change feed's notices come from, and whether it hears them now.</summary>
internal enum ChangeFeedState
{
    /// <summary>SQLite: the store raises the notices after each commit; always on.</summary>
    InProcess,

    /// <summary>PostgreSQL: the listening connection is being opened for the first time.</summary>
    Starting,

    /// <summary>PostgreSQL: the node listens; every node's committed changes reach its pages.</summary>
    Listening,

    /// <summary>PostgreSQL: the listening connection was lost; pages fall back to their slow re-read until it is back.</summary>
    Reconnecting,

    /// <summary>The hub is stopping.</summary>
    Stopped,
}
