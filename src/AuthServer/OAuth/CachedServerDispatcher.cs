using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AuthServer.OAuth;

/// <summary>
/// OpenIddict's event dispatcher with the handler list of each event type worked out once per options
/// instance: the built-in walks every registered descriptor (a few hundred) for each of the twenty-odd
/// events of a token request. Options are rebuilt when the key ring rolls, and a new list gets its own
/// cache. Order, filters, handler resolution and the stop rules (handled, skipped, rejected) are the built-in's.
/// </summary>
public sealed partial class CachedServerDispatcher(
    Microsoft.Extensions.Options.IOptionsMonitor<OpenIddictServerOptions> options,
    IServiceProvider provider,
    ILogger<CachedServerDispatcher> logger) : IOpenIddictServerDispatcher
{
    private static readonly ConditionalWeakTable<List<OpenIddictServerHandlerDescriptor>, ConcurrentDictionary<Type, OpenIddictServerHandlerDescriptor[]>> ByContextType = [];

    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var descriptor in HandlersOf(typeof(TContext)))
        {
            if (!await IsActiveAsync(descriptor, context))
            {
                continue;
            }

            var handler = Resolve(descriptor.ServiceDescriptor) as IOpenIddictServerHandler<TContext>
                ?? throw new InvalidOperationException($"The OpenIddict handler {descriptor.ServiceDescriptor.ServiceType} is not registered.");
            try
            {
                await handler.HandleAsync(context);
            }
            catch (Exception exception) when (logger.IsEnabled(LogLevel.Debug))
            {
                LogHandlerFailed(logger, exception, handler.GetType().FullName, typeof(TContext).FullName);
                throw;
            }

            // As the built-in: a handled or skipped request stops the event, and so does a rejection.
            if (context is BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true }
                or BaseValidatingContext { IsRejected: true })
            {
                return;
            }
        }
    }

    private object? Resolve(ServiceDescriptor service) =>
        service.ImplementationInstance ?? provider.GetService(service.ServiceType);

    private OpenIddictServerHandlerDescriptor[] HandlersOf(Type contextType)
    {
        var all = options.CurrentValue.Handlers;
        var cache = ByContextType.GetValue(all, static _ => new ConcurrentDictionary<Type, OpenIddictServerHandlerDescriptor[]>());
        return cache.GetOrAdd(contextType, static (type, all) => [.. all.Where(d => d.ContextType == type)], all);
    }

    private ValueTask<bool> IsActiveAsync<TContext>(OpenIddictServerHandlerDescriptor descriptor, TContext context) where TContext : BaseContext
    {
        var filters = descriptor.FilterTypes;
        for (var index = 0; index < filters.Length; index++)
        {
            var filter = provider.GetService(filters[index]) as IOpenIddictServerHandlerFilter<TContext>
                ?? throw new InvalidOperationException($"The OpenIddict filter {filters[index]} is not registered.");
            var active = filter.IsActiveAsync(context);
            if (!active.IsCompletedSuccessfully)
            {
                return AwaitRemainingAsync(active, filters, index, context);
            }

            if (!active.Result)
            {
                return new(false);
            }
        }

        return new(true);
    }

    // Filters are synchronous in practice; this path keeps an asynchronous one correct.
    private async ValueTask<bool> AwaitRemainingAsync<TContext>(ValueTask<bool> pending, System.Collections.Immutable.ImmutableArray<Type> filters, int index, TContext context) where TContext : BaseContext
    {
        if (!await pending)
        {
            return false;
        }

        for (index++; index < filters.Length; index++)
        {
            var filter = (IOpenIddictServerHandlerFilter<TContext>)provider.GetService(filters[index])!;
            if (!await filter.IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handler {Handler} threw while processing {Context}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string? handler, string? context);
}
