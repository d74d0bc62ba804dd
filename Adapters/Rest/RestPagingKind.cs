namespace IntegrationHub.Adapters.Rest;

/// <summary>How an API splits a collection into pages.</summary>
public enum RestPagingKind
{
    /// <summary>One request returns everything.</summary>
    None,

    /// <summary>A page number (<c>?page=1&amp;pageSize=100</c>); a short page is the last.</summary>
    Page,

    /// <summary>An offset and a limit (<c>?offset=200&amp;limit=100</c>); a short page is the last.</summary>
    Offset,

    /// <summary>An opaque cursor that each response names for the next page; none means the last page.</summary>
    Cursor,
}
