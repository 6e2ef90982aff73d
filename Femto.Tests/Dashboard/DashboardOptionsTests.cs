using Femto.Dashboard;

namespace Femto.Tests.Dashboard;

public sealed class DashboardOptionsTests : DashboardTestBase
{
    [Test]
    public void DefaultsAreTheDocumentedOnes()
    {
        var o = new DashboardOptions();
        Assert.Multiple(() =>
        {
            Assert.That(o.Port, Is.EqualTo(5678));
            Assert.That(o.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(o.BufferSize, Is.EqualTo(100_000));
            Assert.That(o.OpenBrowser, Is.False);
            Assert.That(o.Token, Is.Null);
            Assert.That(o.CheckpointsPath, Is.EqualTo("femto-checkpoints.db"));
            Assert.That(o.Handler.OverflowPolicy, Is.EqualTo(OverflowPolicy.Drop));
        });
    }

    [TestCase(-1, "Port")]
    [TestCase(65536, "Port")]
    public void OutOfRangePortsAreRefusedByName(int port, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FemtoDashboard.Start(TestOptions() with { Port = port }));
        Assert.That(ex!.ParamName, Is.EqualTo(name));
    }

    [Test]
    public void SizesMustBePositive()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardOptions { BufferSize = 0 }.Validate())!.ParamName, Is.EqualTo("BufferSize"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardOptions { ClientQueueCapacity = -1 }.Validate())!.ParamName, Is.EqualTo("ClientQueueCapacity"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardOptions { Handler = new HandlerSettings { Capacity = 0 } }.Validate())!.ParamName, Is.EqualTo("Capacity"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardOptions { CloseTimeout = TimeSpan.FromSeconds(-1) }.Validate())!.ParamName, Is.EqualTo("CloseTimeout"));
        Assert.That(new DashboardOptions { CloseTimeout = TimeSpan.Zero }.Validate().CloseTimeout, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("0.0.0.0")]
    [TestCase("::")]
    [TestCase("10.1.2.3")]
    [TestCase("dashboard.example")]
    public void ANonLoopbackHostNeedsAToken(string host)
    {
        var ex = Assert.Throws<HandlerConfigException>(() => FemtoDashboard.Start(TestOptions() with { Host = host }));
        Assert.That(ex!.Message, Does.Contain(host).And.Contain("Token"));
        Assert.DoesNotThrow(() => new DashboardOptions { Host = host, Token = "t" }.Validate());
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.2")]
    [TestCase("::1")]
    [TestCase("[::1]")]
    [TestCase("localhost")]
    [TestCase("LocalHost")]
    public void LoopbackHostsNeedNoToken(string host) => Assert.DoesNotThrow(() => new DashboardOptions { Host = host }.Validate());

    [Test]
    public async Task LocalhostCountsAsLoopbackAndIsServed()
    {
        var dash = StartDashboard(TestOptions() with { Host = "localhost" });
        Assert.That(dash.Url, Does.StartWith("http://localhost:"));
        using var http = new HttpClient();
        Assert.That((await http.GetAsync($"http://127.0.0.1:{dash.Port}/")).IsSuccessStatusCode, Is.True);
    }

    [Test]
    public void EmptyTextsAreRefusedByName()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new DashboardOptions { Token = " " }.Validate())!.ParamName, Is.EqualTo("Token"));
        Assert.That(Assert.Throws<ArgumentException>(() => new DashboardOptions { Host = "" }.Validate())!.ParamName, Is.EqualTo("Host"));
        Assert.That(Assert.Throws<ArgumentException>(() => new DashboardOptions { CheckpointsPath = "" }.Validate())!.ParamName, Is.EqualTo("CheckpointsPath"));
        Assert.That(Assert.Throws<ArgumentException>(() => new DashboardOptions { AllowedOrigins = ["https://a.example/path"] }.Validate())!.ParamName, Is.EqualTo("AllowedOrigins"));
        Assert.Throws<ArgumentNullException>(() => FemtoDashboard.Start(null!));
    }
}
