using StatementDrafting.Web.Infrastructure;
using StatementDrafting.Web.Infrastructure.Cli;
using StatementDrafting.Web.Infrastructure.Persistence;

if (args is ["accounts", ..])
{
    return await AccountsCommand.RunAsync(args[1..]);
}

if (args is ["sources", ..])
{
    return await SourcesCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStatementDrafting();

var app = builder.Build();
app.UseStatementDrafting();

if (!await app.TryPrepareDatabaseAsync())
{
    return 2;
}

await app.RunAsync();
return 0;
