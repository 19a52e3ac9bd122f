# StatementDrafting: build in the SDK image, run in the ASP.NET runtime image with Chromium (PDF exports), fonts and
# time-zone data from Debian. Configuration comes from the environment (docs/deployment.md).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/StatementDrafting.Domain/StatementDrafting.Domain.csproj src/StatementDrafting.Domain/
COPY src/StatementDrafting.Web/StatementDrafting.Web.csproj src/StatementDrafting.Web/
RUN dotnet restore src/StatementDrafting.Web/StatementDrafting.Web.csproj
COPY src/ src/
RUN dotnet publish src/StatementDrafting.Web/StatementDrafting.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0-trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core tzdata curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Documents__Chromium=/usr/bin/chromium
EXPOSE 8080
USER app
HEALTHCHECK --interval=15s --timeout=3s CMD curl -fsS http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "StatementDrafting.Web.dll"]
