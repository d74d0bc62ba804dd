using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class AssignmentPolicyTests
{
    private static readonly AssignmentRequest EastHydraulics = new() { Region = "East", RequiredSkill = "hydraulics" };

    private static List<Engineer> Roster() =>
    [
        new() { Id = "E-3", Region = "East", Skills = ["hydraulics"], OpenTickets = 2 },
        new() { Id = "E-2", Region = "East", Skills = ["Hydraulics", "electrical"], OpenTickets = 1 },
        new() { Id = "E-1", Region = "East", Skills = ["hydraulics"], OpenTickets = 1 },
        new() { Id = "E-4", Region = "West", Skills = ["hydraulics"], OpenTickets = 0 },
        new() { Id = "E-5", Region = "East", Skills = ["electrical"], OpenTickets = 0 },
        new() { Id = "E-6", Region = "East", Skills = ["hydraulics"], OpenTickets = 0, OnDuty = false },
    ];

    [Fact]
    public void Assign_TieOnLowestLoad_LowestIdWinsWhateverTheRosterOrder()
    {
        var forward = AssignmentPolicy.Default.Assign(EastHydraulics, Roster());
        var backward = AssignmentPolicy.Default.Assign(EastHydraulics, Enumerable.Reverse(Roster()));

        Assert.Equal("E-1", forward.EngineerId);
        Assert.Equal(forward, backward);
        Assert.Null(forward.Queue);
        Assert.Equal(
            "Assigned to E-1 (region East, skill hydraulics) with 1 open tickets, the fewest of 3 candidates; tie with E-2 broken by id.",
            forward.Reason);
    }

    [Fact]
    public void Assign_LowerLoad_BeatsLowerId()
    {
        var roster = Roster().Select(e => e.Id == "E-3" ? e with { OpenTickets = 0 } : e);

        var decision = AssignmentPolicy.Default.Assign(EastHydraulics, roster);

        Assert.Equal("E-3", decision.EngineerId);
        Assert.EndsWith("the fewest of 3 candidates.", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_RegionAndSkillCaseDiffer_StillMatch()
    {
        var decision = AssignmentPolicy.Default.Assign(new AssignmentRequest { Region = "east", RequiredSkill = "ELECTRICAL" }, Roster());

        Assert.Equal("E-5", decision.EngineerId);
    }

    [Fact]
    public void Assign_NoRegionGiven_AnyRegionOnDuty()
    {
        var decision = AssignmentPolicy.Default.Assign(new AssignmentRequest { RequiredSkill = "hydraulics" }, Roster());

        Assert.Equal("E-4", decision.EngineerId);
    }

    [Fact]
    public void Assign_NobodyFits_QueuedWithReasons()
    {
        var decision = AssignmentPolicy.Default.Assign(new AssignmentRequest { Region = "East", RequiredSkill = "pneumatics" }, Roster());

        Assert.Null(decision.EngineerId);
        Assert.Equal("service-desk", decision.Queue);
        Assert.Equal(
            "No engineer fits (region East, skill pneumatics; 6 on the roster: 1 off duty, 1 in another region, 4 without the skill): queued to service-desk.",
            decision.Reason);
    }

    [Fact]
    public void Assign_EveryCandidateAtLimit_QueuedToConfiguredQueue()
    {
        var policy = new AssignmentPolicy { MaxOpenTickets = 1, FallbackQueue = "east-queue" };

        var decision = policy.Assign(EastHydraulics, Roster());

        Assert.Equal("east-queue", decision.Queue);
        Assert.Contains("3 at the open-ticket limit", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_EmptyRoster_Queued()
    {
        var decision = AssignmentPolicy.Default.Assign(EastHydraulics, []);

        Assert.Equal("No engineer fits (region East, skill hydraulics; 0 on the roster): queued to service-desk.", decision.Reason);
    }
}
