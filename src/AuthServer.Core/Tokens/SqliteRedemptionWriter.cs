using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Core.Tokens;

/// <summary>
/// Group commit of redemption rows on SQLite, which takes one writer at a time: requests queue their row,
/// one connection writes everything queued in one transaction, and each request learns whether its row
/// went in or the token was already redeemed (and when). One commit, and one WAL sync, per batch instead
/// of per token: /renew's throughput no longer stops at SQLite's commit rate. Every request still answers
/// only after its row is committed. Within a batch rows go in one after another, so the primary key
/// decides between two uses of one token exactly as it does across batches and across instances.
/// </summary>
public sealed class SqliteRedemptionWriter(IServiceScopeFactory scopes) : BackgroundService
{
    private const int MaxBatch = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <param name="queueTimeout">
    /// How long the row may wait in the queue (the command timeout): a row still queued after it is not written,
    /// and its request fails as <see cref="DatabaseUnavailableException"/> (503), so a locked file cannot make
    /// the queue grow for ever. A row in a batch being written waits for that batch's outcome.
    /// </param>
    /// <returns>Null when this call recorded the first redemption; otherwise when the token was first redeemed.</returns>
    public Task<DateTime?> RedeemAsync(TokenRedemption redemption, TimeSpan queueTimeout)
    {
        var pending = new Pending(redemption, Environment.TickCount64 + (long)queueTimeout.TotalMilliseconds,
            new TaskCompletionSource<DateTime?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new ObjectDisposedException(nameof(SqliteRedemptionWriter), "The server is shutting down."));
        }

        return pending.Done.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        // A thread of its own: the loop runs SQLite's synchronous calls back to back.
        return Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private async Task RunAsync()
    {
        Writer? writer = null;
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var now = Environment.TickCount64;
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (now >= pending.Deadline)
                {
                    pending.Done.TrySetException(new DatabaseUnavailableException("The database did not accept a write in time."));
                    continue;
                }

                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var results = new DateTime?[batch.Count];
            try
            {
                writer ??= await Writer.OpenAsync(scopes);
                writer.Write(batch, results);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(exception);
                }

                // The next batch starts on a fresh connection (the database may have been away).
                if (writer is not null)
                {
                    await writer.DisposeAsync();
                    writer = null;
                }
            }

            batch.Clear();
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }

    /// <summary>The writer's connection and its two prepared statements.</summary>
    private sealed class Writer(AsyncServiceScope scope, DbConnection connection, DbCommand insert, DbCommand select) : IAsyncDisposable
    {
        public static async Task<Writer> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
                // Opened through EF, so the connection gets the settings every other one gets (synchronous, busy timeout).
                await db.Database.OpenConnectionAsync();
                var connection = db.Database.GetDbConnection();
                var (insert, select) = Commands(db, connection);
                return new Writer(scope, connection, insert, select);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        /// <summary>Every row of the batch in one transaction; results[i] as <see cref="RedeemAsync"/> returns it.</summary>
        public void Write(List<Pending> batch, DateTime?[] results)
        {
            using var transaction = connection.BeginTransaction(IsolationLevel.Serializable); // BEGIN IMMEDIATE
            insert.Transaction = select.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = WriteOne(batch[i].Redemption);
            }

            transaction.Commit();
        }

        private DateTime? WriteOne(TokenRedemption redemption)
        {
            insert.Parameters[0].Value = redemption.TokenId;
            insert.Parameters[1].Value = redemption.FamilyId;
            insert.Parameters[2].Value = redemption.RedeemedAt;
            insert.Parameters[3].Value = redemption.ExpiresAt;
            if (insert.ExecuteNonQuery() == 1)
            {
                return null;
            }

            select.Parameters[0].Value = redemption.TokenId;
            using var row = select.ExecuteReader();
            return row.Read() ? DateTime.SpecifyKind(row.GetDateTime(0), DateTimeKind.Utc) : throw new InvalidOperationException("Redemption insert failed.");
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync();
            await select.DisposeAsync();
            await connection.CloseAsync();
            await scope.DisposeAsync();
        }
    }

    /// <summary>The two statements, with table and column names taken from the EF model so they cannot drift from the migrations.</summary>
    private static (DbCommand Insert, DbCommand Select) Commands(AuthServerDbContext db, DbConnection connection)
    {
        var entity = db.Model.FindEntityType(typeof(TokenRedemption))!;
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName() + "\"";
        var table = "\"" + entity.GetTableName() + "\"";
        string[] columns = [Column(nameof(TokenRedemption.TokenId)), Column(nameof(TokenRedemption.FamilyId)),
            Column(nameof(TokenRedemption.RedeemedAt)), Column(nameof(TokenRedemption.ExpiresAt))];

        var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT ({columns[0]}) DO NOTHING";
        for (var i = 0; i < columns.Length; i++)
        {
            AddParameter(insert, "$p" + i);
        }

        var select = connection.CreateCommand();
        select.CommandText = $"SELECT {columns[2]} FROM {table} WHERE {columns[0]} = $p0";
        AddParameter(select, "$p0");
        insert.Prepare();
        select.Prepare();
        return (insert, select);
    }

    private static void AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
    }

    /// <param name="Deadline">Until when (<see cref="Environment.TickCount64"/>) the row may still be written.</param>
    private sealed record Pending(TokenRedemption Redemption, long Deadline, TaskCompletionSource<DateTime?> Done);
}
