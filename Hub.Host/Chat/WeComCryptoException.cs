namespace IntegrationHub.Hub.Host.Chat;

/// <summary>A WeCom ciphertext that could not be opened, and why.</summary>
internal sealed class WeComCryptoException(string message) : Exception(message);
