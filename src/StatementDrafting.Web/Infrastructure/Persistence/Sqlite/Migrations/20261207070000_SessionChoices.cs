using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SessionChoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SessionChoices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipationId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgendaItemKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ChosenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionChoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionChoices_Participations_ParticipationId",
                        column: x => x.ParticipationId,
                        principalTable: "Participations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SessionChoices_ConsultationId_AgendaItemKey",
                table: "SessionChoices",
                columns: new[] { "ConsultationId", "AgendaItemKey" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionChoices_ParticipationId_AgendaItemKey",
                table: "SessionChoices",
                columns: new[] { "ParticipationId", "AgendaItemKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SessionChoices");
        }
    }
}
