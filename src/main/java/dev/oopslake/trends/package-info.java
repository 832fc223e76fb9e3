/**
 * A cluster's life over time, decided from its daily counts and the releases it crashed on: new,
 * ongoing, spiking, quiet, probably fixed, fixed or regressed, with the reason; crash rates with
 * exact Poisson intervals; and the user's list of known bugs. Plain Java: the Spark step feeds it
 * one cluster's history at a time.
 */
package dev.oopslake.trends;
