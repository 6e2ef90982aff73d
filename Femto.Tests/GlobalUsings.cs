global using Femto;
global using Femto.Handlers;
global using Femto.Tests.Support;
global using NUnit.Framework;
