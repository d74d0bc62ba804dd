using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// The SQL the at-ingest tests run beside the hub, in each store's dialect: a trigger that counts every row ever
/// queued for the rules, and one that makes storing a dead letter fail (a fault after the rules ran in the batch's
/// transaction, which comes before the dead letters on both stores).
/// </summary>
internal static class AtIngestSql
{
    public static string CountQueued(TestStore store) => store.IsPostgreSql
        ? """
          CREATE TABLE queued_seen (n INTEGER);
          CREATE FUNCTION queued_seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO queued_seen VALUES (1); RETURN NULL; END $$;
          CREATE TRIGGER queued_seen AFTER INSERT ON rule_inputs FOR EACH ROW EXECUTE FUNCTION queued_seen();
          """
        : """
          CREATE TABLE queued_seen (n INTEGER);
          CREATE TRIGGER queued_seen AFTER INSERT ON rule_inputs BEGIN INSERT INTO queued_seen VALUES (1); END;
          """;

    public static string RefuseLetters(TestStore store) => store.IsPostgreSql
        ? """
          CREATE FUNCTION refuse_letters() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
          CREATE TRIGGER refuse_letters BEFORE INSERT ON dead_letters FOR EACH ROW EXECUTE FUNCTION refuse_letters();
          """
        : "CREATE TRIGGER refuse_letters BEFORE INSERT ON dead_letters BEGIN SELECT RAISE(ABORT, 'injected fault'); END;";

    public static string AllowLetters(TestStore store) => store.IsPostgreSql
        ? "DROP TRIGGER refuse_letters ON dead_letters"
        : "DROP TRIGGER refuse_letters";
}
