using System.Data.Common;

namespace AuthServer.Core.Data;

/// <summary>The database did not answer in time (SPEC §5: 503 <c>ServiceUnavailable</c>, clients retry).</summary>
public sealed class DatabaseUnavailableException(string message) : DbException(message);
