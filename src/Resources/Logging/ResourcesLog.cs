namespace Resources.Logging;

/// <summary>Log events of the resource API. Ids are stable; token values are never logged.</summary>
internal static partial class ResourcesLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Forbidden: client {ClientId} (subject {Subject}) lacks scope {RequiredScopes} for {Method} {Path}")]
    public static partial void InsufficientScope(
        this ILogger logger, string? clientId, string? subject, string requiredScopes, string method, PathString path);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied item store migrations: {Migrations}")]
    public static partial void MigrationsApplied(this ILogger logger, string migrations);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Item store schema is up to date")]
    public static partial void NoPendingMigrations(this ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Resources:MigrateOnStartup is false; item store migrations are not applied at start-up")]
    public static partial void MigrationSkipped(this ILogger logger);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error,
        Message = "Token introspection failed: the introspection endpoint answered {StatusCode}; requests with tokens get 503")]
    public static partial void IntrospectionFailed(this ILogger logger, int statusCode);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "Token introspection failed: the introspection endpoint could not be reached; requests with tokens get 503")]
    public static partial void IntrospectionUnreachable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Access token of client {ClientId} refused: introspection calls it inactive")]
    public static partial void TokenInactive(this ILogger logger, string? clientId);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Fetched the issuer's discovery document from {MetadataAddress}: {SigningKeyCount} signing keys")]
    public static partial void IssuerMetadataFetched(this ILogger logger, string metadataAddress, int signingKeyCount);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Could not fetch the issuer's discovery document or signing keys from {MetadataAddress}; keeping the keys held")]
    public static partial void IssuerMetadataUnavailable(this ILogger logger, string metadataAddress, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Item {ItemId} created by {Subject}")]
    public static partial void ItemCreated(this ILogger logger, long itemId, string? subject);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Item {ItemId} deleted by {Subject}")]
    public static partial void ItemDeleted(this ILogger logger, long itemId, string? subject);
}
