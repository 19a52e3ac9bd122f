using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Nominations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Nominations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposerParticipationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposedOrganisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PreferredSlotKind = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IsSelf = table.Column<bool>(type: "INTEGER", nullable: false),
                    NomineeParticipationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SlotId = table.Column<int>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: true),
                    ProposedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Nominations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Nominations_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Nominations_Participations_NomineeParticipationId",
                        column: x => x.NomineeParticipationId,
                        principalTable: "Participations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Nominations_Participations_ProposerParticipationId",
                        column: x => x.ProposerParticipationId,
                        principalTable: "Participations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Nominations_SpeakerSlots_SlotId",
                        column: x => x.SlotId,
                        principalTable: "SpeakerSlots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Polls_OpenSlate",
                table: "Polls",
                column: "ConsultationId",
                unique: true,
                filter: "\"ClosedAt\" IS NULL AND \"Subject\" = 'Slate'");

            migrationBuilder.CreateIndex(
                name: "IX_Nominations_ConsultationId_Status",
                table: "Nominations",
                columns: new[] { "ConsultationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Nominations_NomineeParticipationId",
                table: "Nominations",
                column: "NomineeParticipationId");

            migrationBuilder.CreateIndex(
                name: "IX_Nominations_ProposerParticipationId",
                table: "Nominations",
                column: "ProposerParticipationId");

            migrationBuilder.CreateIndex(
                name: "IX_Nominations_SlotId_Position",
                table: "Nominations",
                columns: new[] { "SlotId", "Position" },
                unique: true,
                filter: "\"SlotId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Nominations");

            migrationBuilder.DropIndex(
                name: "IX_Polls_OpenSlate",
                table: "Polls");
        }
    }
}
