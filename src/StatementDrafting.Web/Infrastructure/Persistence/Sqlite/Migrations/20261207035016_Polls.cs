using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Polls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Rules_MajorityDenominator",
                table: "Consultations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "Rules_MajorityNumerator",
                table: "Consultations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<bool>(
                name: "Rules_ResponsePerOrganisation",
                table: "Consultations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Rules_TallyShownToAll",
                table: "Consultations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Polls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    QuorumPercent = table.Column<int>(type: "INTEGER", nullable: true),
                    MajorityNumerator = table.Column<int>(type: "INTEGER", nullable: false),
                    MajorityDenominator = table.Column<int>(type: "INTEGER", nullable: false),
                    PerOrganisation = table.Column<bool>(type: "INTEGER", nullable: false),
                    TallyShownToAll = table.Column<bool>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Secret = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    ShownSupport = table.Column<int>(type: "INTEGER", nullable: false),
                    ShownCanLiveWith = table.Column<int>(type: "INTEGER", nullable: false),
                    ShownObjections = table.Column<int>(type: "INTEGER", nullable: false),
                    ArrivedSinceShown = table.Column<int>(type: "INTEGER", nullable: false),
                    Eligible = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalSupport = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalCanLiveWith = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalObjections = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Polls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Polls_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Polls_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PollBallots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PollId = table.Column<int>(type: "INTEGER", nullable: false),
                    VoterKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Choice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PollBallots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PollBallots_Polls_PollId",
                        column: x => x.PollId,
                        principalTable: "Polls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PollObjections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PollId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PollObjections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PollObjections_Polls_PollId",
                        column: x => x.PollId,
                        principalTable: "Polls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PollRespondents",
                columns: table => new
                {
                    PollId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipationId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PollRespondents", x => new { x.PollId, x.ParticipationId });
                    table.ForeignKey(
                        name: "FK_PollRespondents_Participations_ParticipationId",
                        column: x => x.ParticipationId,
                        principalTable: "Participations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PollRespondents_Polls_PollId",
                        column: x => x.PollId,
                        principalTable: "Polls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PollBallots_PollId_VoterKey",
                table: "PollBallots",
                columns: new[] { "PollId", "VoterKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PollObjections_PollId",
                table: "PollObjections",
                column: "PollId");

            migrationBuilder.CreateIndex(
                name: "IX_PollRespondents_ParticipationId",
                table: "PollRespondents",
                column: "ParticipationId");

            migrationBuilder.CreateIndex(
                name: "IX_Polls_ConsultationId_Subject",
                table: "Polls",
                columns: new[] { "ConsultationId", "Subject" });

            migrationBuilder.CreateIndex(
                name: "IX_Polls_StatementId",
                table: "Polls",
                column: "StatementId",
                unique: true,
                filter: "\"ClosedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PollBallots");

            migrationBuilder.DropTable(
                name: "PollObjections");

            migrationBuilder.DropTable(
                name: "PollRespondents");

            migrationBuilder.DropTable(
                name: "Polls");

            migrationBuilder.DropColumn(
                name: "Rules_MajorityDenominator",
                table: "Consultations");

            migrationBuilder.DropColumn(
                name: "Rules_MajorityNumerator",
                table: "Consultations");

            migrationBuilder.DropColumn(
                name: "Rules_ResponsePerOrganisation",
                table: "Consultations");

            migrationBuilder.DropColumn(
                name: "Rules_TallyShownToAll",
                table: "Consultations");
        }
    }
}
