from benchtable.cli import main

main()
