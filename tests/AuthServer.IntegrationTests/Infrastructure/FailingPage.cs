using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Makes one page fail with an exception, as a bug on our side would: how error pages are tested.</summary>
public sealed class FailingPage(string path, string message) : IAsyncPageFilter
{
    public static void AddTo(IServiceCollection services, string path, string message) =>
        services.Configure<MvcOptions>(options => options.Filters.Add(new FailingPage(path, message)));

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
        context.HttpContext.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException(message)
            : next();
}
