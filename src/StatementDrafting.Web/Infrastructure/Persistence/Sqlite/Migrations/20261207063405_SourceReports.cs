using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SourceReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SourceReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClusterNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceReports_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SourceFootnotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceFootnotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceFootnotes_SourceReports_SourceReportId",
                        column: x => x.SourceReportId,
                        principalTable: "SourceReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SourceParagraphs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ObjectiveNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Subsection = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    SubsectionKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    FootnoteNumbers = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceParagraphs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceParagraphs_SourceReports_SourceReportId",
                        column: x => x.SourceReportId,
                        principalTable: "SourceReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SourceProvenances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceParagraphId = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockId = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    AmendmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceProvenances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceProvenances_Amendments_AmendmentId",
                        column: x => x.AmendmentId,
                        principalTable: "Amendments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SourceProvenances_SourceParagraphs_SourceParagraphId",
                        column: x => x.SourceParagraphId,
                        principalTable: "SourceParagraphs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SourceProvenances_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SourceFootnotes_SourceReportId_Number",
                table: "SourceFootnotes",
                columns: new[] { "SourceReportId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SourceParagraphs_SourceReportId_Position",
                table: "SourceParagraphs",
                columns: new[] { "SourceReportId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SourceProvenances_AmendmentId",
                table: "SourceProvenances",
                column: "AmendmentId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceProvenances_SourceParagraphId",
                table: "SourceProvenances",
                column: "SourceParagraphId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceProvenances_StatementId_BlockId",
                table: "SourceProvenances",
                columns: new[] { "StatementId", "BlockId" });

            migrationBuilder.CreateIndex(
                name: "IX_SourceReports_ConsultationId_ClusterNumber",
                table: "SourceReports",
                columns: new[] { "ConsultationId", "ClusterNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SourceFootnotes");

            migrationBuilder.DropTable(
                name: "SourceProvenances");

            migrationBuilder.DropTable(
                name: "SourceParagraphs");

            migrationBuilder.DropTable(
                name: "SourceReports");
        }
    }
}
