{
  "targets": [
    {
      "target_name": "memory",
      "sources": ["release.c"]
    }
  ]
}
