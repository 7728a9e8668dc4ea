namespace AuthServer.OAuth.Handlers;

/// <summary>
/// The descriptors of our handlers: OpenIddict's builder, marked <see cref="OpenIddictServerHandlerType.Custom"/>,
/// finished with the order the handler runs at (each one placed relative to the built-in step it extends or
/// replaces), so a descriptor reads as its context, its filters, its handler and its place.
/// </summary>
public static class CustomHandler
{
    public static OpenIddictServerHandlerDescriptor.Builder<TContext> For<TContext>() where TContext : BaseContext =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>().SetType(OpenIddictServerHandlerType.Custom);

    /// <summary>A built-in handler's descriptor (its handler, order and filters), to run it with more filters.</summary>
    public static OpenIddictServerHandlerDescriptor.Builder<TContext> Filtered<TContext>(OpenIddictServerHandlerDescriptor builtIn)
        where TContext : BaseContext => OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>().Import(builtIn);

    public static OpenIddictServerHandlerDescriptor At<TContext>(this OpenIddictServerHandlerDescriptor.Builder<TContext> builder, int order)
        where TContext : BaseContext => builder.SetOrder(order).Build();
}
