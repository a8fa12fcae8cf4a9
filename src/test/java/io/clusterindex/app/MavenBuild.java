package io.clusterindex.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What {@code pom.xml} says the build reads and produces, with {@code ${project.build.directory}} resolved to
 * {@code target} (Maven's default, which the pom does not change).
 */
record MavenBuild(String jar, String libraries, String classpathPrefix, List<String> resourceDirectories,
                  List<String> modules) {

    static MavenBuild read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            XPath xpath = XPathFactory.newInstance().newXPath();
            String build = "/*[local-name()='project']/*[local-name()='build']";
            String plugin = build + "/*[local-name()='plugins']/*[local-name()='plugin']";
            String finalName = xpath.evaluate(build + "/*[local-name()='finalName']", document).trim();
            String libraries = xpath.evaluate(plugin + "[*[local-name()='artifactId']='maven-dependency-plugin']"
                    + "//*[local-name()='execution'][*[local-name()='goals']/*[local-name()='goal']"
                    + "='copy-dependencies']//*[local-name()='outputDirectory']", document).trim();
            String prefix = xpath.evaluate(plugin + "[*[local-name()='artifactId']='maven-jar-plugin']"
                    + "//*[local-name()='classpathPrefix']", document).trim();
            List<String> resources = texts(xpath, document, build
                    + "/*[local-name()='resources']/*[local-name()='resource']/*[local-name()='directory']");
            List<String> modules = texts(xpath, document,
                    "/*[local-name()='project']/*[local-name()='modules']/*[local-name()='module']");
            return new MavenBuild("target/" + finalName + ".jar",
                    libraries.replace("${project.build.directory}", "target"), prefix, resources, modules);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static List<String> texts(XPath xpath, Document document, String expression) throws Exception {
        NodeList nodes = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
