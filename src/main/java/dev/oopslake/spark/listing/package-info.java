/**
 * Spark glue of the ingest at fleet scale: listing an archive without holding it on the driver
 * ({@link dev.oopslake.spark.listing.ArchiveListing}, {@link
 * dev.oopslake.spark.listing.ManifestListing}), spilled to scratch for the read ({@link
 * dev.oopslake.spark.listing.ListingSpill}). The lake itself, its tables and commits, is {@code
 * dev.oopslake.lake}.
 */
package dev.oopslake.spark.listing;
