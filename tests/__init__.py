"""Tests of samenspraak."""
