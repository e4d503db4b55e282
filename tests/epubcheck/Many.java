// EPUBCheck on many files in one Java process: `java -cp epubcheck.jar Many.java A.epub
// A.json B.epub B.json ...` writes EPUBCheck's JSON report of each file beside it. The
// command line (`epubcheck FILE`) starts a JVM and loads every schema for each file, some
// ten seconds each; here they load once. tests/epubcheck.py runs it.
import com.adobe.epubcheck.tool.EpubChecker;

public class Many {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
        }
    }
}
