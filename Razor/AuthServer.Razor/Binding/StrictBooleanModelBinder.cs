using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AuthServer.Razor.Binding;

/// <summary>
/// Binds a form's <c>bool</c> (a checkbox) from <c>true</c> or <c>false</c> only. Anything else is a form
/// error with the value recorded as <c>false</c>: the framework's binder keeps the posted text (say
/// <c>Input.RememberMe=2</c>), and the checkbox tag helper then throws converting it while the form is
/// shown again, a 500 for bad input.
/// </summary>
public sealed class StrictBooleanModelBinder : IModelBinder
{
    public static readonly StrictBooleanModelBinder Instance = new();

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var name = bindingContext.ModelName;
        var posted = bindingContext.ValueProvider.GetValue(name);
        if (posted == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        if (bool.TryParse(posted.FirstValue, out var value))
        {
            bindingContext.ModelState.SetModelValue(name, posted);
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(name, rawValue: false, attemptedValue: bool.FalseString);
        // A form-level error: forms show their summary, not a message beside each checkbox.
        bindingContext.ModelState.TryAddModelError(string.Empty, $"{bindingContext.ModelMetadata.GetDisplayName()} must be true or false.");
        bindingContext.Result = ModelBindingResult.Failed();
        return Task.CompletedTask;
    }

    /// <summary>Puts the binder in front of the framework's for every <c>bool</c>.</summary>
    public sealed class Provider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.ModelType == typeof(bool) ? Instance : null;
    }
}
