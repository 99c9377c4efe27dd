namespace IdentityHost.Stores;

/// <summary>One key of ASP.NET Core Data Protection's key ring, as the XML the framework writes (DatabaseXmlRepository).</summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
