namespace IntegrationHub.Hub.Host.Photos;

/// <summary>A photo checked and stripped in memory, not yet on disk: a form is checked whole (every photo, the replay key,
/// the sender's budget) before <see cref="PhotoIntake.StoreAsync"/> writes any of it.</summary>
internal sealed record PreparedPhoto(StoredPhoto Photo, byte[] Bytes, long SentLength);
