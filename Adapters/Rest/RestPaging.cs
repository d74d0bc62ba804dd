namespace IntegrationHub.Adapters.Rest;

/// <summary>The paging of one source (<c>Hub:Rest:Sources:N:Paging</c>).</summary>
public sealed record RestPaging
{
    /// <summary>
    /// How the API splits its records into pages: <c>None</c> (one request returns them all), <c>Page</c> (a page
    /// number), <c>Offset</c> (an offset and a limit; for both, a page shorter than <see cref="Size"/> is the last) or
    /// <c>Cursor</c> (each response names the next page's cursor at <see cref="NextCursorPath"/>; none ends the poll).
    /// </summary>
    /// <value>The default value is <c>None</c>.</value>
    public RestPagingKind Kind { get; init; } = RestPagingKind.None;

    /// <summary>The query parameter of the page number, offset or cursor: defaults <c>page</c>, <c>offset</c>, <c>cursor</c>.</summary>
    public string? Parameter { get; init; }

    /// <summary>The query parameter of the page size: defaults <c>pageSize</c> (page) and <c>limit</c> (offset); cursors may have one too.</summary>
    public string? SizeParameter { get; init; }

    /// <summary>How many items to ask for per page.</summary>
    public int Size { get; init; } = 100;

    /// <summary>The number of the first page (some APIs count from 0).</summary>
    public int FirstPage { get; init; } = 1;

    /// <summary>Where a response names the next page's cursor, as a path into its JSON (<c>paging.next</c>).</summary>
    public string NextCursorPath { get; init; } = "next";

    public string ParameterName => Parameter ?? Kind switch
    {
        RestPagingKind.Page => "page",
        RestPagingKind.Offset => "offset",
        _ => "cursor",
    };

    public string? SizeParameterName => SizeParameter ?? Kind switch
    {
        RestPagingKind.Page => "pageSize",
        RestPagingKind.Offset => "limit",
        _ => null,
    };
}
