from piis_audit.cli.app import main

main()
