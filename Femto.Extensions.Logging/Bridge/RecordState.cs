using System.Collections;
using Microsoft.Extensions.Logging;

namespace Femto.Extensions.Logging;

/// <summary>The state <see cref="LoggerProviderHandler"/> logs: a Femto record's key-values as
/// <c>IReadOnlyList&lt;KeyValuePair&lt;string, object?&gt;&gt;</c> (what structured providers read), its rendered
/// message as <see cref="ToString"/>, and the <see cref="EventId"/> its <c>event_id</c>/<c>event_name</c> carried.</summary>
internal sealed class RecordState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message { get; } = message;

    public EventId EventId
    {
        get
        {
            int id = 0;
            string? name = null;
            foreach (var (key, value) in values)
            {
                if (key == "event_id" && value is int or long or short) id = (int)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                else if (key == "event_name" && value is string s) name = s;
            }
            return new EventId(id, name);
        }
    }

    public KeyValuePair<string, object?> this[int index] => values[index];
    public int Count => values.Count;
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => Message;
}
