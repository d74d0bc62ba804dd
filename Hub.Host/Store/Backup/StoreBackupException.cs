namespace IntegrationHub.Hub.Host.Store.Backup;

/// <summary>A backup or restore refused or failed; the message says what, where and what to do.</summary>
internal sealed class StoreBackupException : Exception
{
    public StoreBackupException()
    {
    }

    public StoreBackupException(string message)
        : base(message)
    {
    }

    public StoreBackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
