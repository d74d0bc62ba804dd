using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>Issue 24 item 2: how a desk user maps to a roster engineer (Hub:Rules:Roster:N:DeskUser, else the id).</summary>
public sealed class FieldSettingsTests
{
    [Fact]
    public void EngineerOf_DeskUserSetting_ElseTheId_ElseNobody()
    {
        var access = new FieldAccess(new HubOptions
        {
            Rules = new RulesOptions
            {
                Roster =
                [
                    new EngineerOptions { Id = "zhang.wei", Region = "East", Queues = ["service-desk"] },
                    new EngineerOptions { Id = "li.na", Name = "Li Na", Region = "East", DeskUser = "lina" },
                ],
            },
        });

        Assert.Equal(new[] { "service-desk" }, access.EngineerOf("zhang.wei")!.Queues);
        Assert.Equal(("li.na", "Li Na"), (access.EngineerOf("lina")!.Id, access.EngineerOf("lina")!.Name));
        Assert.Null(access.EngineerOf("li.na"));
        Assert.Null(access.EngineerOf("ZHANG.WEI"));
        Assert.Null(access.EngineerOf("nobody"));
    }

    [Fact]
    public void Roster_OneDeskUserForTwoEngineers_RefusedAtStart_NamingTheUser()
    {
        var options = new HubOptions
        {
            Rules = new RulesOptions
            {
                Roster =
                [
                    new EngineerOptions { Id = "zhang.wei", Region = "East" },
                    new EngineerOptions { Id = "li.na", Region = "East", DeskUser = "zhang.wei" },
                ],
            },
        };

        var error = Assert.Single(HubOptionsValidator.Validate(options));
        Assert.Contains("Hub:Rules:Roster makes desk user 'zhang.wei' more than one engineer", error, StringComparison.Ordinal);
        Assert.Empty(HubOptionsValidator.Validate(options with { Rules = options.Rules with { Roster = [options.Rules.Roster[0], options.Rules.Roster[1] with { DeskUser = "lina" }] } }));
    }
}
