namespace IdentityHost;

/// <summary>Names this host's assembly for <c>WebApplicationFactory</c>: both hosts have a top-level Program.</summary>
public sealed class IdentityHostMarker;
