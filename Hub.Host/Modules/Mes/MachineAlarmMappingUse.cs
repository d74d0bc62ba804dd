using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// A MachineAlarm is a condition event's machine and code, never an entity to store: only
/// <c>Hub:Mes:Alarms:Mapping</c> may name a mapping that makes one, and it names one that makes nothing else. Another adapter's setting naming it, or a file drop
/// (<c>file:</c>) mapping making it, is a start-up error rather than alarms stored as data.
/// </summary>
internal static class MachineAlarmMappingUse
{
    public static IEnumerable<string> Errors(MappingCatalog catalog, IEnumerable<MappingSourceSetting> named)
    {
        static bool MakesAlarms(SourceMapping m) => m.Targets.Any(t => t.Kind == EntityKind.MachineAlarm);

        foreach (var setting in named)
        {
            var mapping = catalog.Find(setting.Source);
            if (setting.Setting == MesAdapterModule.AlarmMappingSetting)
            {
                if (mapping is not null && mapping.Targets is not [{ Kind: EntityKind.MachineAlarm }])
                {
                    yield return $"{setting.Setting} is '{setting.Source}', whose mapping ({mapping.FilePath}) makes {string.Join(" + ", mapping.Targets.Select(t => t.Kind))}; condition events need a mapping with the one target {nameof(EntityKind.MachineAlarm)}.";
                }
            }
            else if (mapping is not null && MakesAlarms(mapping))
            {
                yield return $"{setting.Setting} is '{setting.Source}', whose mapping ({mapping.FilePath}) makes {nameof(EntityKind.MachineAlarm)}: that target is for {MesAdapterModule.AlarmMappingSetting} only. Name a mapping of another target.";
            }
        }

        foreach (var mapping in catalog.Mappings.Where(m => m.File is not null && MakesAlarms(m)))
        {
            yield return $"{mapping.FilePath}: a file drop mapping (file:) cannot make {nameof(EntityKind.MachineAlarm)}, which is for {MesAdapterModule.AlarmMappingSetting} only. Remove its file: section or choose another target.";
        }
    }
}
