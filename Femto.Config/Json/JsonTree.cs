using System.Text.Json;

namespace Femto.Config;

/// <summary>Turns JSON text into the plain tree <see cref="DictConfigReader"/> reads: objects become dictionaries
/// (a key given twice is rejected, naming it), arrays lists, numbers <see cref="long"/> or <see cref="double"/>.
/// Comments and trailing commas are allowed, as in appsettings.json.</summary>
internal static class JsonTree
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <param name="json">The text.</param>
    /// <param name="source">The file name (or "JSON") for messages.</param>
    public static object? Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return Convert(document.RootElement, Where.Top(LocationStyle.Dict));
        }
        catch (JsonException ex)
        {
            throw new FemtoConfigException($"{source}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }
    }

    private static object? Convert(JsonElement e, Where at)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    if (map.ContainsKey(p.Name)) throw at.Key(p.Name).Error($"the key '{p.Name}' appears twice.");
                    map[p.Name] = Convert(p.Value, at.Key(p.Name));
                }
                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
                int i = 0;
                foreach (var item in e.EnumerateArray()) list.Add(Convert(item, at.Item(i++)));
                return list;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number: return e.TryGetInt64(out long l) ? (object)l : e.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }
}
