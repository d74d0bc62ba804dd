namespace IntegrationHub.Crm.Core.Changes;

/// <summary>An upsert of one canonical entity, as a source reported it.</summary>
public sealed record CanonicalChange(CanonicalEntity Entity, SourceStamp Stamp);
