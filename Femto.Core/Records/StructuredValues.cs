using System.Globalization;

namespace Femto;

/// <summary>Enumerates a record's structured values: named template arguments, interpolation holes, then explicit key-values.</summary>
internal static class StructuredValues
{
    /// <summary>Calls back with the name and slot of every structured value, without allocating.</summary>
    public static Enumerator Enumerate(LogRecord record) => new(record);

    public static int Count(LogRecord record)
    {
        int n = 0;
        var e = Enumerate(record);
        while (e.MoveNext()) n++;
        return n;
    }

    public static KeyValuePair<string, object?> Get(LogRecord record, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var e = Enumerate(record);
        for (int i = 0; e.MoveNext(); i++)
            if (i == index) return new(e.Name, e.Value.ToObject());
        throw new ArgumentOutOfRangeException(nameof(index), index, "No structured value at that index.");
    }

    public ref struct Enumerator
    {
        private readonly LogRecord _record;
        private readonly string?[]? _templateNames;
        private int _index;

        public Enumerator(LogRecord record)
        {
            _record = record;
            _templateNames = record.Shape == RecordShape.Template && record.ArgCount > 0 ? MessageTemplate.Get(record.Message!).ArgNames : null;
            _index = -1;
            Name = "";
        }

        public string Name { get; private set; }
        /// <summary>The current value; template arguments without their stale format fields.</summary>
        public readonly ArgSlot Value => _index < _record.ArgCount && _record.Shape == RecordShape.Template
            ? _record.Slots[_index].WithFormat(null, 0)
            : _record.Slots[_index];

        public readonly LogRecord Record => _record;

        /// <summary>The current slot's index (a template argument's format fields are stale: see <see cref="IsTemplateArgument"/>).</summary>
        public readonly int Index => _index;

        /// <summary>True when the current value is a template argument, whose slot holds only the value.</summary>
        public readonly bool IsTemplateArgument => _index < _record.ArgCount && _record.Shape == RecordShape.Template;

        public bool MoveNext()
        {
            int end = _record.ArgCount + _record.KeyValueCount;
            while (++_index < end)
            {
                ref ArgSlot slot = ref _record.Slots[_index];
                if (_index >= _record.ArgCount) { Name = slot.Name ?? "_"; return true; }
                switch (_record.Shape)
                {
                    case RecordShape.Template:
                        Name = _templateNames is not null && _index < _templateNames.Length && _templateNames[_index] is { } n
                            ? n : "arg" + _index.ToString(CultureInfo.InvariantCulture);
                        return true;
                    case RecordShape.Rendered:
                        Name = slot.Name ?? "arg" + _index.ToString(CultureInfo.InvariantCulture);
                        return true;
                    case RecordShape.Interpolated when slot.Kind != ArgKind.Literal:
                        Name = string.IsNullOrEmpty(slot.Name) ? "arg" + _index.ToString(CultureInfo.InvariantCulture) : slot.Name;
                        return true;
                }
            }
            return false;
        }
    }
}
