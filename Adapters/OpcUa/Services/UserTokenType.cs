namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.42: kinds of user identity token.</summary>
public enum UserTokenType
{
    /// <summary>No user.</summary>
    Anonymous = 0,
    /// <summary>User name and password.</summary>
    UserName = 1,
    /// <summary>X.509 certificate.</summary>
    Certificate = 2,
    /// <summary>Token issued by an external service.</summary>
    IssuedToken = 3,
}
