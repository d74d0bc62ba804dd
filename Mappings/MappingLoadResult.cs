using System.Diagnostics.CodeAnalysis;

namespace IntegrationHub.Mappings;

/// <summary>The outcome of loading mapping files: a catalog when every file is valid, else all the errors.</summary>
public sealed record MappingLoadResult
{
    internal MappingLoadResult(MappingCatalog? catalog, IReadOnlyList<MappingError> errors)
    {
        Catalog = catalog;
        Errors = errors;
    }

    /// <summary>The catalog; null when any file has an error (a hub refuses to start on a partial catalog).</summary>
    public MappingCatalog? Catalog { get; }

    /// <summary>Every error of every file, ordered by file, line and column.</summary>
    public IReadOnlyList<MappingError> Errors { get; }

    /// <summary>True when there is no error and <see cref="Catalog"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Catalog))]
    public bool IsValid => Catalog is not null;
}
