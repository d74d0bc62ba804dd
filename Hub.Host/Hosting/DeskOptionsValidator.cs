namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Desk</c>: how long a desk session lasts and how soon other nodes see it end, and directory sign-in.</summary>
internal sealed class DeskOptionsValidator() : HubSettingsValidator<DeskOptions>(HubSettingPaths.Of(nameof(HubOptions.Desk)))
{
    protected override void Check(DeskOptions options, List<string> errors)
    {
        if (options.SessionCheckInterval < TimeSpan.Zero || options.SessionCheckInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Setting(nameof(options.SessionCheckInterval))} is {options.SessionCheckInterval}. Use 00:00:00 to 00:01:00: a demoted, disabled or signed-out desk user keeps access this long on other nodes.");
        }

        if (options.SessionDuration < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Setting(nameof(options.SessionDuration))} is {options.SessionDuration}. Use 00:01:00 or more, for example 10:00:00.");
        }

        DeskLdapChecks.Check(options.Ldap, Setting(nameof(options.Ldap)), errors);
    }
}
