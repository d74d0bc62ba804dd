namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// A settings file that is not read (<see cref="SettingsFile"/>): not a regular file of its folder, or too large. The
/// message is the reason, made to follow "&lt;file&gt;: not read: ".
/// </summary>
internal sealed class SettingsFileRefusedException(string reason) : IOException(reason);
