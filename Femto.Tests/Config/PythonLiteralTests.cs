using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>The Python literal parser behind INI args/kwargs: literals only, never evaluated.</summary>
public sealed class PythonLiteralTests
{
    private static object?[] L(params object?[] items) => items;

    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return new TestCaseData("(sys.stderr,)", L(PythonName.Stderr));
        yield return new TestCaseData("(sys.stdout, )", L(PythonName.Stdout));
        yield return new TestCaseData("()", L());
        yield return new TestCaseData("('app.log', 'a')", L("app.log", "a"));
        yield return new TestCaseData("('logs.example.com', handlers.DEFAULT_TCP_LOGGING_PORT)", L("logs.example.com", 9020L));
        yield return new TestCaseData("(\"a\" 'b' r'\\d', u'x')", L("ab\\d", "x"));
        yield return new TestCaseData("('tab\\there', '\\x41\\u00e9\\101', 'C:\\logs\\my.log')", L("tab\there", "AéA", "C:\\logs\\my.log"));
        yield return new TestCaseData("(1_048_576, 0x10, -3, +2, 1.5e3, .5, 0)", L(1048576L, 16L, -3L, 2L, 1500.0, 0.5, 0L));
        yield return new TestCaseData("(True, False, None)", L(true, false, null));
        yield return new TestCaseData("[1, [2, (3,)]]", L(1L, L(2L, L(3L))));
        yield return new TestCaseData("'a', 'b'", L("a", "b"));
        yield return new TestCaseData("('''multi\nline''',)  # comment", L("multi\nline"));
    }

    [TestCaseSource(nameof(Accepted))]
    public void Parses(string text, object?[] expected) =>
        Assert.That(Normalize(PythonLiteral.Parse(text)), Is.EqualTo(expected).AsCollection);

    [Test]
    public void Parses_dicts_with_string_keys()
    {
        var d = (Dictionary<string, object?>)PythonLiteral.Parse("{'mode': 'w', 'tls': {'domain': 'x', 'insecure': False}, }")!;
        Assert.That(d["mode"], Is.EqualTo("w"));
        Assert.That(((Dictionary<string, object?>)d["tls"]!)["insecure"], Is.EqualTo(false));
    }

    [TestCase("(os.environ,)", "os.environ")]
    [TestCase("(__import__('os'),)", "__import__")]
    [TestCase("(open('x'),)", "open")]
    [TestCase("(1 + 2,)", "found '+'")]
    [TestCase("(b'bytes',)", "bytes")]
    [TestCase("(f'{x}',)", "f-strings")]
    [TestCase("('unterminated,)", "unterminated")]
    [TestCase("({1: 'a'},)", "dict keys must be strings")]
    [TestCase("({'a', 'b'},)", "sets are not supported")]
    [TestCase("(1j,)", "complex")]
    [TestCase("(017,)", "not a valid number")]
    [TestCase("", "empty")]
    [TestCase("(1, 2", "missing ')'")]
    [TestCase("{'a': 1, 'a': 2}", "duplicate key")]
    public void Rejects_anything_but_literals(string text, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => PythonLiteral.Parse(text));
        Assert.That(ex!.Message, Does.Contain(fragment));
    }

    [Test]
    public void Deep_nesting_is_bounded() =>
        Assert.That(Assert.Throws<FormatException>(() => PythonLiteral.Parse(new string('[', 100) + new string(']', 100)))!.Message, Does.Contain("nested deeper"));

    private static object?[] Normalize(object? value) => value is List<object?> list ? [.. list.Select(v => v is List<object?> ? (object?)Normalize(v) : v)] : [value];
}
