/**
 * The morning report: the values one HTML page shows ({@link MorningReport} and its records) and
 * the page itself ({@link ReportPage}). Plain Java: the Spark glue reads the lake's morning tables
 * into these records, so the page can be rendered and tested without a cluster.
 */
package dev.oopslake.report;
