namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>Checks <c>Hub:Portal:ServiceRequests</c>, called by the portal section's validator; every problem at once.</summary>
internal static class ServiceRequestOptionsChecks
{
    public static void Check(ServiceRequestOptions options, string path, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Categories.Count; i++)
        {
            var category = options.Categories[i];
            var at = $"{path}:{nameof(options.Categories)}:{i}";
            if (!IsName(category.Name))
            {
                errors.Add($"{at}:{nameof(category.Name)} is '{category.Name}'. Use 1 to 32 lower-case letters, digits and hyphens, e.g. machine-down.");
            }
            else if (!names.Add(category.Name))
            {
                errors.Add($"{at}:{nameof(category.Name)} '{category.Name}' is listed twice. Give each category its own name.");
            }

            if (string.IsNullOrWhiteSpace(category.TextEn))
            {
                errors.Add($"{at}:{nameof(category.TextEn)} is empty. Write the category as customers see it, e.g. Machine stopped.");
            }
        }

        if (!options.CategoryTable().Any(c => c.Name == options.ChatCategory))
        {
            errors.Add($"{path}:{nameof(options.ChatCategory)} is '{options.ChatCategory}', which is not a category. Use one of: {string.Join(", ", options.CategoryTable().Select(c => c.Name))}.");
        }

        if (options.MaxTextLength is < 1 or > 20_000)
        {
            errors.Add($"{path}:{nameof(options.MaxTextLength)} is {options.MaxTextLength}. Use 1 to 20000.");
        }

        if (options.MaxPhotos is < 0 or > 10)
        {
            errors.Add($"{path}:{nameof(options.MaxPhotos)} is {options.MaxPhotos}. Use 0 (no photos) to 10.");
        }

        var photos = $"{path}:{nameof(options.Photos)}";
        if (options.Photos.MaxBytes is < 1024 or > 100L * 1024 * 1024)
        {
            errors.Add($"{photos}:{nameof(options.Photos.MaxBytes)} is {options.Photos.MaxBytes}. Use 1024 to 104857600 (100 MiB).");
        }

        if (options.Photos.MaxPixels is < 1 or > 500_000_000)
        {
            errors.Add($"{photos}:{nameof(options.Photos.MaxPixels)} is {options.Photos.MaxPixels}. Use 1 to 500000000.");
        }
    }

    /// <summary>Whether <paramref name="name"/> can be a category's name (and so part of a ticket code).</summary>
    public static bool IsName(string? name) =>
        name is { Length: >= 1 and <= 32 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
